"""Question banks to and from other systems: `python -m portalkit export` (an Excel question list
in the layout Chinese exam platforms import, or Moodle XML) and `python -m portalkit import` (such
an Excel list into a bank). The Excel layout is in `layout`; `site` finds the banks as `check` does."""
