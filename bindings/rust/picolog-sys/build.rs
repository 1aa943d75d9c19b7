//! Finds or builds libpicolog and links the shared library.
//!
//! - feature `bundled`: builds libpicolog.so.1 with CMake (the `cmake`
//!   crate) from the sources in vendor/, or from the repository around the
//!   crate when building inside it;
//! - else `pkg-config picolog`, then PICOLOG_LIB_DIR (header in
//!   PICOLOG_INCLUDE_DIR), then the repository's build tree
//!   (build/default/lib) when the crate sits in the repository;
//! - else a build error that says what to do.
//!
//! Feature `bindgen` regenerates the bindings from the header found;
//! otherwise the committed src/bindings.rs is used and libclang is not needed.

use std::env;
use std::path::{Path, PathBuf};

struct Found {
    lib_dir: PathBuf,
    include_dir: PathBuf,
}

fn env_dir(name: &str) -> Option<PathBuf> {
    println!("cargo:rerun-if-env-changed={name}");
    env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
}

/// The repository around the crate, when the crate is built inside it.
fn repository() -> Option<PathBuf> {
    let repo = manifest_dir().join("../../..");
    repo.join("capi/include/picolog.h")
        .is_file()
        .then(|| repo.canonicalize().unwrap_or(repo))
}

/// Stops the build with a message (on stderr, which Cargo shows) instead of
/// a panic and its backtrace note.
fn fail(message: String) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

fn has_library(dir: &Path) -> bool {
    dir.join("libpicolog.so").exists() || dir.join("libpicolog.so.1").exists()
}

#[cfg(feature = "bundled")]
fn bundled() -> Found {
    let vendor = manifest_dir().join("vendor");
    let source = if vendor.join("CMakeLists.txt").is_file() {
        vendor
    } else {
        repository().unwrap_or_else(|| {
            fail(format!(
                "picolog-sys: the `bundled` feature needs the picolog sources in {} \
                 (run `make rust-vendor` in the picolog repository)",
                vendor.display()
            ))
        })
    };
    println!(
        "cargo:rerun-if-changed={}",
        source.join("CMakeLists.txt").display()
    );
    println!(
        "cargo:rerun-if-changed={}",
        source.join("libcore").display()
    );
    println!("cargo:rerun-if-changed={}", source.join("capi").display());
    let prefix = cmake::Config::new(&source)
        .profile("Release")
        .define("PICOLOG_BUILD_TESTS", "OFF")
        .define("PICOLOG_BUILD_EXAMPLES", "OFF")
        .define("CMAKE_INSTALL_LIBDIR", "lib")
        .build();
    Found {
        lib_dir: prefix.join("lib"),
        include_dir: prefix.join("include"),
    }
}

#[cfg(not(feature = "bundled"))]
fn bundled() -> Found {
    unreachable!("only called with the bundled feature")
}

fn from_pkg_config() -> Option<Found> {
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    let lib = pkg_config::Config::new()
        .cargo_metadata(false)
        .probe("picolog")
        .ok()?;
    Some(Found {
        lib_dir: lib.link_paths.first()?.clone(),
        include_dir: lib.include_paths.first()?.clone(),
    })
}

fn from_env() -> Option<Found> {
    let lib_dir = env_dir("PICOLOG_LIB_DIR")?;
    let include_dir = env_dir("PICOLOG_INCLUDE_DIR")
        .or_else(|| repository().map(|r| r.join("capi/include")))
        .unwrap_or_else(|| lib_dir.join("../include"));
    Some(Found {
        lib_dir,
        include_dir,
    })
}

fn from_build_tree() -> Option<Found> {
    let repo = repository()?;
    let lib_dir = repo.join("build/default/lib");
    has_library(&lib_dir).then(|| Found {
        lib_dir,
        include_dir: repo.join("capi/include"),
    })
}

fn find() -> Found {
    if cfg!(feature = "bundled") {
        return bundled();
    }
    let found = from_pkg_config()
        .or_else(from_env)
        .or_else(from_build_tree)
        .unwrap_or_else(|| {
            fail(format!(
                "picolog-sys: libpicolog.so.1 was not found.\n\
                 Do one of:\n\
                 - enable the `bundled` feature (picolog = {{ version = \"{v}\", features = [\"bundled\"] }}) \
                   to build it from the vendored sources (needs cmake and a C++20 compiler);\n\
                 - install picolog so that `pkg-config picolog` finds it (or set PKG_CONFIG_PATH);\n\
                 - set PICOLOG_LIB_DIR to the directory holding libpicolog.so.1 (and PICOLOG_INCLUDE_DIR \
                   to the one holding picolog.h), e.g. the Python package's \
                   `python -c 'import picolog; print(picolog.get_library_dir())'`.",
                v = env!("CARGO_PKG_VERSION")
            ))
        });
    if !has_library(&found.lib_dir) {
        fail(format!(
            "picolog-sys: no libpicolog.so or libpicolog.so.1 in {} (from pkg-config or PICOLOG_LIB_DIR)",
            found.lib_dir.display()
        ));
    }
    found
}

fn main() {
    let found = find();
    let lib_dir = found.lib_dir.canonicalize().unwrap_or(found.lib_dir);
    let include_dir = found
        .include_dir
        .canonicalize()
        .unwrap_or(found.include_dir);

    println!("cargo:rustc-link-search=native={}", lib_dir.display());
    if lib_dir.join("libpicolog.so").exists() {
        println!("cargo:rustc-link-lib=dylib=picolog");
    } else {
        // Only the SONAME file, as the Python wheel ships it.
        println!("cargo:rustc-link-lib=dylib:+verbatim=libpicolog.so.1");
    }
    // Link arguments reach only this package's own targets; dependents read
    // DEP_PICOLOG_LIB_DIR to add the same rpath to their tests and programs.
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib_dir.display());
    println!("cargo:lib_dir={}", lib_dir.display());
    println!("cargo:include_dir={}", include_dir.display());
    generate_bindings(&include_dir);
}

#[cfg(feature = "bindgen")]
fn generate_bindings(include_dir: &Path) {
    let header = include_dir.join("picolog.h");
    assert!(
        header.is_file(),
        "picolog.h not found in {}; set PICOLOG_INCLUDE_DIR",
        include_dir.display()
    );
    println!("cargo:rerun-if-changed={}", header.display());
    println!(
        "cargo:rerun-if-changed={}",
        include_dir.join("picolog").display()
    );
    let bindings = bindgen::Builder::default()
        .header(header.to_string_lossy())
        .allowlist_function("picolog_.*")
        .allowlist_type("picolog_.*")
        .allowlist_var("PICOLOG_.*")
        // Takes a C va_list, which stable Rust cannot make, and whose layout
        // differs between targets: Rust formats its own messages.
        .blocklist_function("picolog_vlogf")
        .blocklist_type("va_list|__builtin_va_list|__va_list_tag")
        .default_macro_constant_type(bindgen::MacroTypeVariation::Signed)
        // The declared rust-version (1.75): no offset_of! in the layout tests.
        .rust_target(bindgen::RustTarget::Stable_1_73)
        .use_core()
        .generate_comments(true)
        .generate()
        .expect("bindgen could not generate bindings from picolog.h");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    bindings
        .write_to_file(out.join("bindings.rs"))
        .expect("could not write bindings.rs");
}

#[cfg(not(feature = "bindgen"))]
fn generate_bindings(_include_dir: &Path) {}
