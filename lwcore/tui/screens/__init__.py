"""The app's screens: one module per section, plus the shared base and dialogs.

A package (not a namespace directory) so the import rules see its modules too.
"""
