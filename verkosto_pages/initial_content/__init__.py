"""The site's initial content, built from the facts in shared/design/DOMAIN.md."""
