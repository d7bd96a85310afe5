"""Small reusable widgets of the rentrack app, one class per file."""
