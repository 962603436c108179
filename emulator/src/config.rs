//! What the emulator starts with: the command line (`main.rs`) fills a [`Config`], and
//! `POST /_emulator/reset` goes back to it, changed by what it is given.

use splr_core::arm::simulator::Timings;
use splr_core::arm::world::{ServiceMode, Tier, WorldOptions};
use splr_core::form::{check, Field, Form, Plan};
use splr_core::scenario::Scenario;

/// Virtual seconds per real second unless told otherwise.
pub const DEFAULT_SPEED: f64 = 60.0;

/// The world to build and how fast its clock runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// 0: any free port.
    pub port: u16,
    pub speed: f64,
    pub seed: u64,
    pub scenario: Scenario,
    /// Form values over the scenario's contoso example, by their deep-link names (`subscription`,
    /// `resourceGroup`, `service`, `name`, `target`, `groupId`, `fqdns`, `message`, `apiVersion`).
    pub form: Vec<(Field, String)>,
    pub options: WorldOptions,
    pub timings: Timings,
    /// Items per page of the list responses (`nextLink` beyond); the simulator's default is 20.
    pub page_size: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            port: 8090,
            speed: DEFAULT_SPEED,
            seed: 1,
            scenario: Scenario::default(),
            form: Vec::new(),
            options: WorldOptions::default(),
            timings: Timings::default(),
            page_size: 20,
        }
    }
}

impl Config {
    /// The validated plan the world is built from.
    pub fn plan(&self) -> Result<Plan, String> {
        let mut form = Form::new(self.scenario);
        for (f, v) in &self.form {
            form.set(*f, v.clone());
        }
        let c = check(&form);
        c.plan.ok_or_else(|| {
            let errs: Vec<String> = c.errors.iter().map(|(f, e)| format!("{}: {e}", f.param())).collect();
            format!("the form is not valid: {}", errs.join("; "))
        })
    }
}

/// The form fields a command line or a reset may set (scenario and shell are not request values).
pub fn form_field(param: &str) -> Option<Field> {
    Field::from_param(param).filter(|f| !matches!(f, Field::Scenario | Field::Shell))
}

/// A tier by name or SKU, any case: the core's [`Tier::parse`] (kept here for the command line).
pub fn parse_tier(s: &str) -> Option<Tier> {
    Tier::parse(s)
}

/// `several` (the doctor's practice endpoints) or `default`, any case: `WorldOptions::several_endpoints`.
pub fn parse_world(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "several" => Some(true),
        "default" => Some(false),
        _ => None,
    }
}

/// A SignalR service mode by name, any case: the core's [`ServiceMode::parse`].
pub fn parse_mode(s: &str) -> Option<ServiceMode> {
    ServiceMode::parse(s)
}
