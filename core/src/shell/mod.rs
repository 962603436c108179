//! Quoting rules of the three shells the generated commands target (REFERENCE.md §6).
pub mod bash;
pub mod cmd;
pub mod powershell;
