"""setuptools entry point: builds the cffi extension declared in picolog_build.py."""

from setuptools import setup

setup(cffi_modules=["picolog_build.py:ffibuilder"])
