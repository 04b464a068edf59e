"""Speed benchmark of the dashboard (``make bench``; not part of ``make test``)."""
