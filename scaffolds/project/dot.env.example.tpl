# Copy to .env for local overrides; .env is read at start-up and is not committed.
# Plain names are read by env.*() in settings.ts; HYPER_<SETTING> sets any setting
# that settings.ts leaves out.
# DEBUG=false
# SECRET_KEY=a-long-random-value
# ALLOWED_HOSTS=example.com,www.example.com
# DATABASE_URL=postgres://user:password@127.0.0.1:5432/{{ project_name }}
# HYPER_TIME_ZONE=Europe/Paris
