// The models of the {{ app_name }} app: one class per database table. Imported when
// the app registry loads, so its models are known to every command.
export {};
