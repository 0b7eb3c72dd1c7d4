"""unspin's word lists, shipped as package data (``unspin.wordlists``).

This folder is data, not code: the file exists only so that the lists install as a
package and can be found with ``importlib.resources`` wherever unspin is installed.
See README.md beside it for the format.
"""
