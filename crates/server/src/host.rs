//! A defence against DNS rebinding: a page on another site can point its
//! own host name at 127.0.0.1 after loading and then have the browser call a
//! server on loopback as if it were its own site, reading the answers. The
//! browser still sends that site's name in `Host`, so a server that answers
//! only to its own names refuses such requests.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The `Host` names a server answers to; `None` takes any.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts(Option<Vec<String>>);

impl AllowedHosts {
    /// Any name (a server reached under names it cannot know).
    pub fn any() -> AllowedHosts {
        AllowedHosts(None)
    }

    /// The names of a server listening on `address`: on a loopback address,
    /// `localhost` and the loopback addresses; on any other, every name,
    /// since a server on a network address cannot know the names it is
    /// reached by. `extra` names are added; given on a network address, they
    /// are the only names accepted besides the address itself.
    pub fn for_address(address: SocketAddr, extra: &[String]) -> AllowedHosts {
        let mut names: Vec<String> = extra.iter().map(|n| n.to_ascii_lowercase()).collect();
        if address.ip().is_loopback() {
            names.extend(["localhost", "127.0.0.1", "::1"].map(String::from));
        } else if extra.is_empty() {
            return AllowedHosts::any();
        }
        if !address.ip().is_unspecified() {
            names.push(address.ip().to_string());
        }
        AllowedHosts(Some(names))
    }

    /// Whether a `Host` header value (`name`, `name:port`, `[v6]:port`)
    /// names this server.
    pub fn allows(&self, host: &str) -> bool {
        let Some(names) = &self.0 else { return true };
        let name = host_name(host).to_ascii_lowercase();
        names.contains(&name)
    }
}

/// The name of a `Host` value without its port.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    if host.parse::<IpAddr>().is_ok() {
        return host;
    }
    host.rsplit_once(':').map_or(host, |(name, _port)| name)
}

/// Middleware: refuses requests whose `Host` this server does not answer to
/// (421 Misdirected Request). A request without `Host` (HTTP/1.0 tools) is
/// not a browser's and passes.
pub(crate) async fn check_host(
    State(allowed): State<AllowedHosts>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|value| value.to_str().unwrap_or("\u{fffd}"));
    match host {
        Some(host) if !allowed.allows(host) => (
            StatusCode::MISDIRECTED_REQUEST,
            axum::Json(serde_json::json!({
                "detail": format!(
                    "this server does not answer to the host {host:?} (start it with --allowed-host NAME to add one)"
                )
            })),
        )
            .into_response(),
        _ => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loopback_server_answers_to_loopback_names_only() {
        let allowed = AllowedHosts::for_address("127.0.0.1:8080".parse().unwrap(), &[]);
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "127.0.0.1",
        ] {
            assert!(allowed.allows(host), "{host}");
        }
        for host in [
            "evil.example:8080",
            "evil.example",
            "127.0.0.1.evil.example:8080",
            "",
        ] {
            assert!(!allowed.allows(host), "{host}");
        }
        let extra =
            AllowedHosts::for_address("127.0.0.1:8080".parse().unwrap(), &["dash.local".into()]);
        assert!(extra.allows("dash.local:8080"));
    }

    #[test]
    fn a_network_server_answers_to_any_name_unless_given_some() {
        let any = AllowedHosts::for_address("0.0.0.0:8080".parse().unwrap(), &[]);
        assert!(any.allows("anything.example"));
        let named = AllowedHosts::for_address(
            "10.0.0.5:8080".parse().unwrap(),
            &["chokepoint.internal".into()],
        );
        assert!(named.allows("chokepoint.internal:8080") && named.allows("10.0.0.5:8080"));
        assert!(!named.allows("evil.example"));
    }
}
