//! Which Azure Resource Manager to call: the three public clouds, or a custom endpoint (a local
//! emulator on 127.0.0.1). The page's Content-Security-Policy allows exactly these and loopback.
//!
//! [`CLOUDS`] is the one list of what differs between the clouds (ARM endpoint, the token audiences ARM
//! accepts there, the sign-in host): the token check of live mode and the emulator both read it, so a
//! cloud the picker offers is never refused by one of them. Sources: `az cloud show --name <cloud>`
//! (`resourceManager`, `activeDirectoryResourceId`, `activeDirectory`; defined in
//! <https://github.com/Azure/azure-cli/blob/dev/src/azure-cli-core/azure/cli/core/cloud.py>),
//! <https://learn.microsoft.com/azure/china/resources-developer-guide> and
//! <https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure>.

/// What one Azure cloud's ARM is called and accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloudInfo {
    /// The name `az cloud set --name` takes (and presets.json's `cloud`).
    pub az_name: &'static str,
    /// The ARM endpoint, without a trailing slash.
    pub endpoint: &'static str,
    /// The token audiences ARM accepts in this cloud, without a trailing slash (a token may carry either
    /// form): the ARM endpoint itself and the classic management resource (`activeDirectoryResourceId`).
    pub audiences: [&'static str; 2],
    /// Where `az login` signs in for this cloud (Microsoft Entra ID's authority host).
    pub login_host: &'static str,
}

pub const PUBLIC: CloudInfo = CloudInfo {
    az_name: "AzureCloud",
    endpoint: "https://management.azure.com",
    audiences: ["https://management.azure.com", "https://management.core.windows.net"],
    login_host: "login.microsoftonline.com",
};

pub const CHINA: CloudInfo = CloudInfo {
    az_name: "AzureChinaCloud",
    endpoint: "https://management.chinacloudapi.cn",
    audiences: ["https://management.chinacloudapi.cn", "https://management.core.chinacloudapi.cn"],
    login_host: "login.chinacloudapi.cn",
};

pub const US_GOVERNMENT: CloudInfo = CloudInfo {
    az_name: "AzureUSGovernment",
    endpoint: "https://management.usgovcloudapi.net",
    audiences: ["https://management.usgovcloudapi.net", "https://management.core.usgovcloudapi.net"],
    login_host: "login.microsoftonline.us",
};

/// The clouds live mode offers, in the picker's order.
pub const CLOUDS: [CloudInfo; 3] = [PUBLIC, CHINA, US_GOVERNMENT];

/// The named cloud whose ARM accepts this token audience (`aud` claim), with or without its trailing
/// slash; `None` for an audience that is no ARM's (Microsoft Graph, a storage account, …).
pub fn cloud_of_audience(audience: &str) -> Option<&'static CloudInfo> {
    let a = audience.strip_suffix('/').unwrap_or(audience);
    CLOUDS.iter().find(|c| c.audiences.contains(&a))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cloud {
    Public,
    China,
    UsGovernment,
    Custom(String),
}

impl Cloud {
    pub const NAMED: [Cloud; 3] = [Cloud::Public, Cloud::China, Cloud::UsGovernment];

    /// The named cloud's facts; `None` for a custom endpoint (an emulator stands in for any cloud).
    pub fn info(&self) -> Option<&'static CloudInfo> {
        match self {
            Cloud::Public => Some(&PUBLIC),
            Cloud::China => Some(&CHINA),
            Cloud::UsGovernment => Some(&US_GOVERNMENT),
            Cloud::Custom(_) => None,
        }
    }

    pub fn display(&self) -> &str {
        match self {
            Cloud::Public => "Azure (public)",
            Cloud::China => "Azure China",
            Cloud::UsGovernment => "Azure US Government",
            Cloud::Custom(_) => "Custom endpoint",
        }
    }

    pub fn slug(&self) -> &'static str {
        match self {
            Cloud::Public => "public",
            Cloud::China => "china",
            Cloud::UsGovernment => "usgov",
            Cloud::Custom(_) => "custom",
        }
    }

    /// The picker's value back to a cloud (`custom` with this endpoint); anything else is the public cloud.
    pub fn from_slug(slug: &str, custom: &str) -> Cloud {
        match slug {
            "china" => Cloud::China,
            "usgov" => Cloud::UsGovernment,
            "custom" => Cloud::Custom(custom.to_string()),
            _ => Cloud::Public,
        }
    }

    /// The named cloud whose ARM accepts a token for `audience` (see [`cloud_of_audience`]).
    pub fn of_audience(audience: &str) -> Option<Cloud> {
        let info = cloud_of_audience(audience)?;
        Cloud::NAMED.into_iter().find(|c| c.info() == Some(info))
    }

    /// The ARM endpoint, without a trailing slash; a custom one is validated first.
    pub fn endpoint(&self) -> Result<String, String> {
        match (self, self.info()) {
            (Cloud::Custom(url), _) => check_custom(url),
            (_, Some(c)) => Ok(c.endpoint.into()),
            (_, None) => Err("no endpoint".into()),
        }
    }

    /// The token audience to ask `az account get-access-token --resource` for (an emulator accepts the
    /// public cloud's, the one a practice token is most easily had for).
    pub fn resource(&self) -> String {
        format!("{}/", self.info().unwrap_or(&PUBLIC).endpoint)
    }

    /// Whether ARM in this cloud accepts a token for `audience`. A custom endpoint (the emulator) takes
    /// any cloud's ARM audience, as it stands in for all of them.
    pub fn accepts_audience(&self, audience: &str) -> bool {
        match (self.info(), cloud_of_audience(audience)) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(chosen), Some(of)) => chosen == of,
        }
    }
}

/// A custom endpoint must be loopback (the emulator): the page may connect nowhere else.
pub fn check_custom(url: &str) -> Result<String, String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or("Write the endpoint as http://127.0.0.1:<port>.")?;
    let host_port = rest.split('/').next().unwrap_or_default();
    if rest.contains('/') {
        return Err("Give only the endpoint's origin, e.g. http://127.0.0.1:8090 (no path).".into());
    }
    let host = host_port.rsplit_once(':').filter(|(_, p)| p.parse::<u16>().is_ok()).map(|(h, _)| h);
    let host = host.unwrap_or(host_port);
    if !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(format!(
            "'{host}' is not on this machine: a custom endpoint must be a local emulator (127.0.0.1 or localhost)."
        ));
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(Cloud::Public.endpoint().unwrap(), "https://management.azure.com");
        assert_eq!(Cloud::China.resource(), "https://management.chinacloudapi.cn/");
        assert_eq!(Cloud::Custom("http://127.0.0.1:8090/".into()).endpoint().unwrap(), "http://127.0.0.1:8090");
        assert!(Cloud::Custom("http://10.0.0.5:8090".into()).endpoint().unwrap_err().contains("not on this machine"));
        assert!(Cloud::Custom("127.0.0.1:8090".into()).endpoint().is_err());
        assert!(Cloud::Custom("http://localhost:1/x".into()).endpoint().unwrap_err().contains("no path"));
    }

    #[test]
    fn each_cloud_accepts_its_own_audiences_only() {
        let cases = [
            (Cloud::Public, ["https://management.azure.com/", "https://management.core.windows.net/"]),
            (Cloud::China, ["https://management.chinacloudapi.cn/", "https://management.core.chinacloudapi.cn/"]),
            (Cloud::UsGovernment, ["https://management.usgovcloudapi.net/", "https://management.core.usgovcloudapi.net/"]),
        ];
        for (cloud, audiences) in &cases {
            for a in audiences {
                for form in [a.to_string(), a.trim_end_matches('/').to_string()] {
                    assert!(cloud.accepts_audience(&form), "{cloud:?} refuses {form}");
                    assert!(Cloud::Custom("http://127.0.0.1:8090".into()).accepts_audience(&form), "emulator: {form}");
                    assert_eq!(cloud_of_audience(&form), cloud.info(), "{form}");
                    assert_eq!(Cloud::of_audience(&form).as_ref(), Some(cloud), "{form}");
                    for (other, _) in cases.iter().filter(|(c, _)| c != cloud) {
                        assert!(!other.accepts_audience(&form), "{other:?} accepts {form}");
                    }
                }
            }
        }
        for not_arm in ["https://graph.microsoft.com", "", "/", "https://management.azure.com//", "management.azure.com"] {
            assert_eq!(cloud_of_audience(not_arm), None, "{not_arm}");
            assert!(!Cloud::Custom(String::new()).accepts_audience(not_arm));
        }
    }

    #[test]
    fn the_list_matches_the_picker() {
        for (cloud, info) in Cloud::NAMED.iter().zip(CLOUDS.iter()) {
            assert_eq!(cloud.info(), Some(info));
            assert_eq!(cloud.endpoint().unwrap(), info.endpoint);
            assert_eq!(info.audiences[0], info.endpoint, "the endpoint is an audience");
            assert_eq!(Cloud::from_slug(cloud.slug(), ""), *cloud);
        }
        assert_eq!(Cloud::from_slug("custom", "http://127.0.0.1:1"), Cloud::Custom("http://127.0.0.1:1".into()));
        assert_eq!(CLOUDS.map(|c| c.login_host), ["login.microsoftonline.com", "login.chinacloudapi.cn", "login.microsoftonline.us"]);
    }
}
