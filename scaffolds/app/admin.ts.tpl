// The {{ app_name }} app's registrations with the admin site: which models the admin
// shows and how (list columns, filters, search). The admin site is not available yet
// in this version of HyperDjango, so nothing here is read; the file keeps its place
// for when it lands, as `hyperdjango.admin` in INSTALLED_APPS.
export {};
