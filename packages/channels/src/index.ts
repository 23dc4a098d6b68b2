export * from './channel';
export { createEmailChannel, messageIdFor, type EmailChannelOptions } from './email';
export { validEmailAddress, parseMailbox } from './email-address';
export { renderEmail, settingsUrl, type EmailTemplateOptions, type RenderedEmail } from './email-template';
export { nationalForm, internationalForm } from './phone';
export { LIMITS } from './text';
