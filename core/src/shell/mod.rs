//! Quoting rules of the shells the generated commands target: bash, PowerShell in front of az
//! (`powershell`), PowerShell with the Az modules (`powershell_az`), cmd.
pub mod bash;
pub mod cmd;
pub mod powershell;
pub mod powershell_az;
