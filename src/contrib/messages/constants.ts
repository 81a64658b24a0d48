// Message levels and their default tags, as Django's django.contrib.messages.constants.
export const DEBUG = 10;
export const INFO = 20;
export const SUCCESS = 25;
export const WARNING = 30;
export const ERROR = 40;

export const DEFAULT_TAGS: Readonly<Record<number, string>> = { [DEBUG]: 'debug', [INFO]: 'info', [SUCCESS]: 'success', [WARNING]: 'warning', [ERROR]: 'error' };

/** DEFAULT_MESSAGE_LEVELS in templates: `{% if message.level == DEFAULT_MESSAGE_LEVELS.ERROR %}`. */
export const DEFAULT_LEVELS: Readonly<Record<string, number>> = { DEBUG, INFO, SUCCESS, WARNING, ERROR };
