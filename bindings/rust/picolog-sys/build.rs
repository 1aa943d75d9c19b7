//! Finds libpicolog and picolog.h, generates the raw bindings with bindgen
//! and links the shared library.
//!
//! The library is looked up in PICOLOG_LIB_DIR, else through pkg-config
//! (`pkg-config picolog`), else in the repository's build tree
//! (`build/default/lib`). The header comes from PICOLOG_INCLUDE_DIR, else
//! pkg-config, else `capi/include` of the repository.

use std::env;
use std::path::{Path, PathBuf};

struct Found {
    lib_dir: PathBuf,
    include_dir: Option<PathBuf>,
}

fn env_dir(name: &str) -> Option<PathBuf> {
    println!("cargo:rerun-if-env-changed={name}");
    env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn from_pkg_config() -> Option<Found> {
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    let lib = pkg_config::Config::new()
        .cargo_metadata(false)
        .probe("picolog")
        .ok()?;
    Some(Found {
        lib_dir: lib.link_paths.first()?.clone(),
        include_dir: lib.include_paths.first().cloned(),
    })
}

fn absolute(path: PathBuf) -> PathBuf {
    path.canonicalize().unwrap_or(path)
}

fn main() {
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let repo = absolute(PathBuf::from(manifest_dir).join("../../.."));
    let found = match env_dir("PICOLOG_LIB_DIR") {
        Some(lib_dir) => Found {
            lib_dir,
            include_dir: None,
        },
        None => from_pkg_config().unwrap_or(Found {
            lib_dir: repo.join("build/default/lib"),
            include_dir: None,
        }),
    };
    let lib_dir = absolute(found.lib_dir);
    let include_dir = absolute(
        env_dir("PICOLOG_INCLUDE_DIR")
            .or(found.include_dir)
            .unwrap_or_else(|| repo.join("capi/include")),
    );
    let header = include_dir.join("picolog.h");
    assert!(
        header.is_file(),
        "picolog.h not found in {}; set PICOLOG_INCLUDE_DIR",
        include_dir.display()
    );
    if !has_library(&lib_dir) {
        println!(
            "cargo:warning=libpicolog.so not found in {}; set PICOLOG_LIB_DIR or build the C library first",
            lib_dir.display()
        );
    }

    println!("cargo:rerun-if-changed={}", header.display());
    println!(
        "cargo:rerun-if-changed={}",
        include_dir.join("picolog").display()
    );
    println!("cargo:rustc-link-search=native={}", lib_dir.display());
    println!("cargo:rustc-link-lib=dylib=picolog");
    // Link arguments reach only this package's own targets; dependents read
    // DEP_PICOLOG_LIB_DIR to add the same rpath to their tests and programs.
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib_dir.display());
    println!("cargo:lib_dir={}", lib_dir.display());
    println!("cargo:include_dir={}", include_dir.display());

    let bindings = bindgen::Builder::default()
        .header(header.to_string_lossy())
        .allowlist_function("picolog_.*")
        .allowlist_type("picolog_.*")
        .allowlist_var("PICOLOG_.*")
        .default_macro_constant_type(bindgen::MacroTypeVariation::Signed)
        .use_core()
        .generate_comments(true)
        .parse_callbacks(Box::new(bindgen::CargoCallbacks::new()))
        .generate()
        .expect("bindgen could not generate bindings from picolog.h");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    bindings
        .write_to_file(out.join("bindings.rs"))
        .expect("could not write bindings.rs");
}

fn has_library(dir: &Path) -> bool {
    dir.join("libpicolog.so").exists() || dir.join("libpicolog.so.1").exists()
}
