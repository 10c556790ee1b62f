"""Technician mode: device status, live diagnostics, calibration checks and their log."""
