export { startSmtpSink, type ReceivedEmail, type SmtpSink, type SmtpSinkOptions } from './smtp-sink';
