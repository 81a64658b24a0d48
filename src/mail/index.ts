// hyperdjango/mail: sending mail as Django's django.core.mail. EmailMessage and
// EmailMultiAlternatives, sendMail, sendMassMail, mailAdmins, mailManagers,
// getConnection, and the backends: smtp (nodemailer), console, file, locmem (the
// test outbox) and dummy. See docs/mail.md.
export { EmailMessage, EmailMultiAlternatives, type Attachment, type Alternative, type EmailMessageOptions, type ComposedMail } from './message';
export { sendMail, sendMassMail, mailAdmins, mailManagers, type SendMailOptions } from './send';
export { getConnection, type ConnectionOptions } from './connection';
export { BaseEmailBackend, type BackendOptions } from './backends/base';
export { SmtpEmailBackend, type SmtpBackendOptions } from './backends/smtp';
export { ConsoleEmailBackend, type ConsoleBackendOptions } from './backends/console';
export { FileEmailBackend, type FileBackendOptions } from './backends/file';
export { LocmemEmailBackend, outbox, clearOutbox } from './backends/locmem';
export { DummyEmailBackend } from './backends/dummy';
export { BadHeaderError, MailSendError } from './errors';
export { forbidLineBreaks } from './headers';
