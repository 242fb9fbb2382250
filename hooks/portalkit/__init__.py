"""portalkit: turns the portal's YAML question banks and checklists into interactive pages."""

__version__ = "0.1.0"
