//! Which Azure Resource Manager to call: the three public clouds, or a custom endpoint (a local
//! emulator on 127.0.0.1). The page's Content-Security-Policy allows exactly these and loopback.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cloud {
    Public,
    China,
    UsGovernment,
    Custom(String),
}

impl Cloud {
    pub const NAMED: [Cloud; 3] = [Cloud::Public, Cloud::China, Cloud::UsGovernment];

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

    /// The ARM endpoint, without a trailing slash; a custom one is validated first.
    pub fn endpoint(&self) -> Result<String, String> {
        match self {
            Cloud::Public => Ok("https://management.azure.com".into()),
            Cloud::China => Ok("https://management.chinacloudapi.cn".into()),
            Cloud::UsGovernment => Ok("https://management.usgovcloudapi.net".into()),
            Cloud::Custom(url) => check_custom(url),
        }
    }

    /// The token audience to ask `az account get-access-token --resource` for.
    pub fn resource(&self) -> String {
        match self {
            Cloud::Custom(_) => "https://management.azure.com/".into(),
            other => format!("{}/", other.endpoint().unwrap_or_default()),
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
}
