"""Communications staff's tools in the admin: roles, review reminders, the directory's views."""
