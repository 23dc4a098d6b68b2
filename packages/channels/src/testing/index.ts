export { startSmtpSink, type ReceivedEmail, type SmtpSink, type SmtpSinkOptions } from './smtp-sink';
export { startPushReceiver, type PushReceiver, type ReceivedPush, type RefusedPush, type TestPushSubscription } from './push-receiver';
export { selfSignedCertificate, type SelfSignedCertificate } from './self-signed';
export { startSmsGatewayStub, type SmsGatewayStub, type SmsGatewayStubOptions, type SmsRequest } from './sms-gateway-stub';
export { DEFAULT_TEST_TEMPLATE, startZaloStub, type ZaloRequest, type ZaloStub, type ZaloStubOptions } from './zalo-stub';
export { startDevMailbox, type DevMailbox, type DevMailboxOptions } from './dev-mailbox';
export { Recorder } from './recorder';
