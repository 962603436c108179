//! ARM's casing of response header names on the wire (`Azure-AsyncOperation`, `Location`, `Retry-After`, …).
//!
//! hyper 1.x writes every header name in lower case on HTTP/1 (`http::HeaderName` is lower case). Its
//! `preserve_header_case(true)` only replays the names recorded in a message's `HeaderCaseMap` extension,
//! and that type is `pub(crate)` in hyper 1.12 (`src/ext/mod.rs`: only the C FFI can set it on a
//! response), so a server cannot choose the case of its own response headers; `title_case_headers(true)`
//! would give `Azure-Asyncoperation` and `X-Ms-Request-Id`, not ARM's names. So the connection's writer
//! restores the names: a case-only change, so the byte counts hyper sees stay the same. A name is
//! recognised only as a whole header line start (`\r\n` + name + `:`), which a JSON body cannot contain
//! (JSON text has no raw CR LF inside strings, and the emulator's bodies are compact).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// ARM's spelling of the names the emulator sends (the official examples' `Azure-AsyncOperation` and
/// `Location`, e.g. Azure/azure-rest-api-specs
/// `specification/webpubsub/resource-manager/Microsoft.SignalRService/preview/2026-03-01-preview/examples/WebPubSubSharedPrivateLinkResources_CreateOrUpdate.json`;
/// `x-ms-*` names stay lower case, as ARM sends them).
pub const ARM_NAMES: &[&str] = &[
    "Azure-AsyncOperation",
    "Location",
    "Retry-After",
    "Content-Type",
    "Content-Length",
    "Date",
    "Vary",
    "Connection",
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Private-Network",
    "Access-Control-Expose-Headers",
    "Access-Control-Max-Age",
];

/// Rewrites lower-case header names in `buf` to [`ARM_NAMES`]' casing, in place.
pub fn restore_case(buf: &mut [u8]) {
    let mut i = 0;
    while i + 2 < buf.len() {
        if buf[i] == b'\r' && buf[i + 1] == b'\n' {
            let start = i + 2;
            for name in ARM_NAMES {
                let end = start + name.len();
                if end < buf.len() && buf[end] == b':' && buf[start..end].eq_ignore_ascii_case(name.as_bytes()) {
                    buf[start..end].copy_from_slice(name.as_bytes());
                    break;
                }
            }
        }
        i += 1;
    }
}

/// A stream whose writes go through [`restore_case`].
pub struct ArmHeaderCase<S>(pub S);

impl<S: AsyncRead + Unpin> AsyncRead for ArmHeaderCase<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for ArmHeaderCase<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let mut fixed = buf.to_vec();
        restore_case(&mut fixed);
        Pin::new(&mut self.0).poll_write(cx, &fixed)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
    // No vectored writes: hyper then flattens the head and the body into one buffer per write, so a
    // header line is never split between two slices.
}

#[cfg(test)]
mod tests {
    use super::restore_case;

    #[test]
    fn names_at_line_starts_only() {
        let mut b = b"HTTP/1.1 201 Created\r\nazure-asyncoperation: x\r\nlocation: y\r\nx-ms-request-id: z\r\n\r\n{\"location\":1}".to_vec();
        restore_case(&mut b);
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "HTTP/1.1 201 Created\r\nAzure-AsyncOperation: x\r\nLocation: y\r\nx-ms-request-id: z\r\n\r\n{\"location\":1}"
        );
    }
}
