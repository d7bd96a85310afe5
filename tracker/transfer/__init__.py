"""Data in and out: CSV files as owners keep them, the import (whole or not at all), the export, the demo."""
