//! Small parts several pages use: a form field, an artifact block with its Copy button and shell
//! tabs, the requirements checklist, the forwarded-for check, the banner over stale outputs.
pub mod artifact_block;
pub mod checklist;
pub mod field;
pub mod stale_banner;
pub mod verify;
