//! The pages the query string chooses between (see `app.rs`).
pub mod bindings;
pub mod landing;
pub mod walkthrough;
