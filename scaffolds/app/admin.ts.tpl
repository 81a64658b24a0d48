// Admin registrations of the {{ app_name }} app's models.
export {};
