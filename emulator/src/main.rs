//! `cargo run -p splr-emulator -- --port 8090`: serves the ARM emulator on 127.0.0.1 and prints its base
//! URL as the first line of stdout (test harnesses read it; with `--port 0` the port is picked for you).

use splr_core::scenario::Scenario;
use splr_emulator::{form_field, parse_mode, parse_tier, parse_world, start, Config};
use std::time::Duration;
use tokio::io::AsyncReadExt;

const USAGE: &str = "\
splr-emulator: a local ARM emulator (the playground's behaviour model over HTTP, 127.0.0.1 only)

USAGE: cargo run -p splr-emulator -- [OPTIONS]

  --port N            port on 127.0.0.1 (default 8090; 0 picks a free one)
  --speed X           virtual seconds per real second (default 60; 0 freezes the clock:
                      move it with POST /_emulator/advance)
  --seed N            seed of the model's randomness (default 1): same seed, same requests, same answers
  --page-size N       items per page of the list responses (default 20); nextLink beyond
  --scenario SLUG     webpubsub-function (default), signalr-function, webpubsub-pls,
                      webpubsub-keyvault, signalr-keyvault, webpubsub-storage, signalr-storage
  --subscription, --resource-group, --service, --name, --target, --group-id, --fqdns,
  --message, --api-version VALUE
                      form values over the scenario's contoso example (the world is built so the
                      walkthrough with these values works)
  --tier Free|Standard|Premium, --mode Default|Serverless|Classic
                      the service's tier and (SignalR) service mode
  --world several|default
                      several: add the doctor's practice endpoints, one per state
  --exit-after SECS   stop after this many seconds
  --exit-on-eof       stop when standard input closes (for servers a test starts)
  -h, --help          this text

Control API (see README): GET /_emulator/state, POST /_emulator/reset, GET|POST|DELETE /_emulator/faults,
POST /_emulator/advance, GET|DELETE /_emulator/requests, POST /_emulator/shutdown.
";

struct Args {
    config: Config,
    exit_after: Option<u64>,
    exit_on_eof: bool,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Option<Args>, String> {
    let mut out = Args { config: Config::default(), exit_after: None, exit_on_eof: false };
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--exit-on-eof" => {
                out.exit_on_eof = true;
                continue;
            }
            _ => {}
        }
        let value = match inline {
            Some(v) => v,
            None => it.next().ok_or_else(|| format!("{flag} needs a value"))?,
        };
        set_option(&mut out, &flag, value)?;
    }
    Ok(Some(out))
}

/// One `--flag value`.
fn set_option(out: &mut Args, flag: &str, value: String) -> Result<(), String> {
    let num = |what: &str| value.parse::<u64>().map_err(|_| format!("{flag}: {what}, not '{value}'"));
    let c = &mut out.config;
    match flag {
        "--port" => c.port = num("a port number")?.try_into().map_err(|_| format!("--port: not '{value}'"))?,
        "--speed" => {
            c.speed = value
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .ok_or_else(|| format!("--speed: a number ≥ 0, not '{value}'"))?
        }
        "--seed" => c.seed = num("a whole number")?,
        "--page-size" => c.page_size = num("a whole number")?.try_into().map_err(|_| format!("--page-size: not '{value}'"))?,
        "--scenario" => c.scenario = Scenario::from_slug(&value).ok_or_else(|| format!("--scenario: unknown '{value}'"))?,
        "--tier" => c.options.tier = parse_tier(&value).ok_or_else(|| format!("--tier: unknown '{value}'"))?,
        "--world" => {
            c.options.several_endpoints = parse_world(&value)
                .ok_or_else(|| format!("--world: several or default, not '{value}'"))?
        }
        "--mode" => c.options.mode = Some(parse_mode(&value).ok_or_else(|| format!("--mode: unknown '{value}'"))?),
        "--exit-after" => out.exit_after = Some(num("seconds")?),
        other => {
            let field = form_field(&deep_link_name(other)).ok_or_else(|| format!("unknown option {other} (see --help)"))?;
            c.form.push((field, value));
        }
    }
    Ok(())
}

/// `--resource-group` → `resourceGroup`: the deep-link names of the form fields.
fn deep_link_name(flag: &str) -> String {
    let name = flag.strip_prefix("--").unwrap_or(flag);
    let mut camel = String::new();
    let mut upper = false;
    for ch in name.chars() {
        if ch == '-' {
            upper = true;
        } else if upper {
            camel.push(ch.to_ascii_uppercase());
            upper = false;
        } else {
            camel.push(ch);
        }
    }
    camel
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{USAGE}");
            return;
        }
        Err(e) => {
            eprintln!("splr-emulator: {e}");
            std::process::exit(2);
        }
    };
    let server = match start(args.config.clone()).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("splr-emulator: {e}");
            std::process::exit(1);
        }
    };
    println!("{}", server.url);
    let c = &args.config;
    eprintln!(
        "splr-emulator: ARM on {url} (scenario {}, speed {}x, seed {}); control API under {url}/_emulator/",
        c.scenario.slug(),
        c.speed,
        c.seed,
        url = server.url
    );
    if let Some(secs) = args.exit_after {
        stop_after(&server, Duration::from_secs(secs));
    }
    if args.exit_on_eof {
        stop_on_eof(&server);
    }
    server.stopped().await;
}

/// `--exit-after`.
fn stop_after(server: &splr_emulator::Server, after: Duration) {
    let stop = server.stop_handle();
    tokio::spawn(async move {
        tokio::time::sleep(after).await;
        stop.stop();
    });
}

/// `--exit-on-eof`: a test harness that started the emulator ends it by closing its stdin (or dying).
fn stop_on_eof(server: &splr_emulator::Server) {
    let stop = server.stop_handle();
    tokio::spawn(async move {
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 256];
        while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
        stop.stop();
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use splr_core::form::Field;

    fn args(s: &str) -> Result<Option<Args>, String> {
        parse_args(s.split_whitespace().map(str::to_string))
    }

    #[test]
    fn flags() {
        let a = args(
            "--port 0 --speed=0 --seed 9 --scenario signalr-function --resource-group rg1 --tier premium --exit-on-eof",
        )
        .unwrap()
        .unwrap();
        assert_eq!((a.config.port, a.config.speed, a.config.seed), (0, 0.0, 9));
        assert_eq!(a.config.scenario, Scenario::SignalRFunction);
        assert_eq!(a.config.form, vec![(Field::ResourceGroup, "rg1".to_string())]);
        assert!(a.exit_on_eof);
        assert!(a.config.plan().is_ok());
        assert!(args("--help").unwrap().is_none());
        assert!(args("--port").is_err());
        assert!(args("--speed -1").is_err());
        assert!(args("--colour red").is_err());
        assert!(args("--scenario nope").is_err());
    }
}
