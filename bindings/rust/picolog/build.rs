//! Adds an rpath to libpicolog's directory for this package's tests,
//! examples and programs, so they run from the build tree without
//! LD_LIBRARY_PATH (picolog-sys's own link arguments do not reach
//! dependents).

fn main() {
    println!("cargo:rerun-if-env-changed=DEP_PICOLOG_LIB_DIR");
    if let Some(dir) = std::env::var_os("DEP_PICOLOG_LIB_DIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.to_string_lossy());
    }
}
