//! The server: binds 127.0.0.1 (never another interface: the emulator accepts any token), accepts
//! connections until stopped, and serves each over HTTP/1.1 with [`exchange::serve`].

use crate::config::Config;
use crate::exchange;
use crate::state::{Shared, State};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A running emulator.
pub struct Server {
    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub url: String,
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Stops accepting connections; [`Server::stopped`] then returns.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// A handle that stops the server from elsewhere (a timer, a stdin watcher).
    pub fn stop_handle(&self) -> StopHandle {
        StopHandle(self.stop.clone())
    }

    /// Waits until the server stops (by [`Server::stop`] or `POST /_emulator/shutdown`).
    pub async fn stopped(self) {
        let _ = self.task.await;
    }
}

#[derive(Clone)]
pub struct StopHandle(watch::Sender<bool>);

impl StopHandle {
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

/// Binds 127.0.0.1:`config.port` and serves until stopped.
pub async fn start(config: Config) -> Result<Server, String> {
    start_advertising(config, None).await
}

/// [`start`] behind a front end that the emulator's own answers must point to: `public_url` (for example
/// `https://127.0.0.1:<port>` of a TLS terminator a test puts in front, tests/real_az.rs) becomes the base of
/// `Azure-AsyncOperation`, `Location` and `nextLink`, and [`Server::url`]; [`Server::addr`] stays the plain
/// HTTP listener on 127.0.0.1.
pub async fn start_advertising(config: Config, public_url: Option<String>) -> Result<Server, String> {
    let listener = TcpListener::bind(("127.0.0.1", config.port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let url = public_url.map(|u| u.trim_end_matches('/').to_string()).unwrap_or_else(|| format!("http://{addr}"));
    let state = State::new(&url, config.clone(), config)?;
    let (stop, stopped) = watch::channel(false);
    let shared = Arc::new(Shared::new(state, stop.clone()));
    let task = tokio::spawn(accept_until_stopped(listener, shared, stopped));
    Ok(Server { url, addr, stop, task })
}

/// Accepts connections (a failed accept is skipped) until the stop flag is set.
async fn accept_until_stopped(listener: TcpListener, shared: Arc<Shared>, mut stopped: watch::Receiver<bool>) {
    loop {
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(_) => continue,
            },
            _ = stopped.wait_for(|s| *s) => break,
        };
        tokio::spawn(serve_connection(stream, shared.clone()));
    }
}

/// One connection, HTTP/1.1 (keep-alive); ends when the client closes it or the `drop` switch does. Header
/// names go out in ARM's casing ([`crate::header_case`]).
async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let svc = hyper::service::service_fn(move |req| exchange::serve(shared.clone(), req));
    let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(crate::header_case::ArmHeaderCase(stream)), svc).await;
}
