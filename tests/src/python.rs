//! A Python interpreter for the real third-party parts the tests run on loopback: an SMTP
//! server (`aiosmtpd`) and a Standard Webhooks receiver (`standardwebhooks`), see
//! [`crate::mail`].
//!
//! [`interpreter`] uses `IPT_TEST_PYTHON` when it is set (it must already have both packages).
//! Otherwise it makes, once, a virtual environment at `<target dir>/test-venv` with
//! `python3 -m venv` and installs the pinned versions there with pip. Test threads of one process
//! share the result through a `OnceLock`; test processes (`cargo test` runs one per test target,
//! maybe at the same time) take an exclusive file lock on `<target dir>/test-venv.lock` while
//! they check or build it. A marker file in the venv records the pins; when a pin changes here,
//! the next run builds the venv anew.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The version of `aiosmtpd` installed into the test venv.
pub const AIOSMTPD_VERSION: &str = "1.4.6";
/// The version of `standardwebhooks` installed into the test venv.
pub const STANDARDWEBHOOKS_VERSION: &str = "1.1.0";

/// The Python modules the support scripts import.
const IMPORT_CHECK: &str = "import aiosmtpd, standardwebhooks";

/// The folder of the test-support scripts (`tests/support`).
#[must_use]
pub fn support_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("support")
}

/// The workspace root: the parent of this crate's folder.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Cargo's target folder: `CARGO_TARGET_DIR` if set (relative to the workspace root when
/// relative), else `<workspace>/target`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

fn pins() -> String {
    format!("aiosmtpd=={AIOSMTPD_VERSION}\nstandardwebhooks=={STANDARDWEBHOOKS_VERSION}\n")
}

/// A Python interpreter with `aiosmtpd` and `standardwebhooks` importable.
///
/// Blocking: the first call may create the venv and install packages (several seconds, once).
/// In async code, call it through `tokio::task::spawn_blocking`.
///
/// # Panics
/// When no such interpreter can be had; the message says why (and holds pip's output).
#[must_use]
pub fn interpreter() -> PathBuf {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match PYTHON.get_or_init(find_or_install) {
        Ok(python) => python.clone(),
        Err(why) => panic!("no Python for the test-support servers: {why}"),
    }
}

fn find_or_install() -> Result<PathBuf, String> {
    if let Some(python) = std::env::var_os("IPT_TEST_PYTHON").filter(|p| !p.is_empty()) {
        let python = PathBuf::from(python);
        check_imports(&python).map_err(|e| {
            format!(
                "IPT_TEST_PYTHON={} cannot import aiosmtpd and standardwebhooks \
                 (pip install aiosmtpd=={AIOSMTPD_VERSION} \
                 standardwebhooks=={STANDARDWEBHOOKS_VERSION}): {e}",
                python.display()
            )
        })?;
        return Ok(python);
    }
    install_venv(&target_dir())
}

/// Runs `python -c IMPORT_CHECK`.
fn check_imports(python: &Path) -> Result<(), String> {
    let out = Command::new(python)
        .args(["-c", IMPORT_CHECK])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Whether the venv at `venv` is complete and made with the current pins.
fn venv_is_current(venv: &Path) -> bool {
    std::fs::read_to_string(venv.join(MARKER)).is_ok_and(|m| m == pins())
        && venv.join("bin/python").exists()
}

const MARKER: &str = "ipt-test-pins.txt";

fn install_venv(target: &Path) -> Result<PathBuf, String> {
    let venv = target.join("test-venv");
    let python = venv.join("bin/python");
    // The marker is written last and by rename: when it is there, the venv is whole.
    if venv_is_current(&venv) {
        return Ok(python);
    }
    std::fs::create_dir_all(target).map_err(|e| format!("create {}: {e}", target.display()))?;
    let lock_path = target.join("test-venv.lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("open {}: {e}", lock_path.display()))?;
    // Blocks while another test process builds the venv; the lock goes with the process, so a
    // process killed midway leaves no stale lock behind (only a venv without a marker).
    lock.lock()
        .map_err(|e| format!("lock {}: {e}", lock_path.display()))?;
    if venv_is_current(&venv) {
        return Ok(python);
    }
    if venv.exists() {
        std::fs::remove_dir_all(&venv).map_err(|e| format!("remove {}: {e}", venv.display()))?;
    }
    let base = std::env::var_os("IPT_TEST_PYTHON3")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from("python3"), PathBuf::from);
    run(Command::new(&base).arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(&python).args([
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        &format!("aiosmtpd=={AIOSMTPD_VERSION}"),
        &format!("standardwebhooks=={STANDARDWEBHOOKS_VERSION}"),
    ]))?;
    check_imports(&python)?;
    let tmp = venv.join(format!("{MARKER}.tmp"));
    std::fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(pins().as_bytes())?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, venv.join(MARKER)))
        .map_err(|e| format!("write the venv's marker: {e}"))?;
    drop(lock);
    Ok(python)
}

fn run(command: &mut Command) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
