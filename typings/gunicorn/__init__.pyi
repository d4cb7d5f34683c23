# The parts of gunicorn that kansen uses (kansen.web.serverlog); gunicorn ships no types.
