// SMTP: composes the complete MIME message once (stored in the outbox) and sends those exact bytes.
import nodemailer from 'nodemailer'
import MailComposer from 'nodemailer/lib/mail-composer'

export interface MessageParts {
  from: string
  to: string[]
  subject: string
  html: string
  text: string
  messageId: string
  date: Date
  alertKey: string
}

/** The whole message as RFC 5322 text (multipart/alternative: text and HTML). */
export async function composeMessage(m: MessageParts): Promise<string> {
  const composer = new MailComposer({
    from: m.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    date: m.date,
    headers: { 'X-SCV-Alert-Key': m.alertKey },
  })
  const buffer = await composer.compile().build()
  return buffer.toString('utf8')
}

export interface SendResult {
  accepted: string[]
  rejected: string[]
  response: string
}

/** Sends a stored message through the SMTP server at `smtpUrl`; throws when no recipient was accepted. */
export async function sendRaw(
  smtpUrl: string,
  message: { sender: string; recipients: string[]; raw: string },
): Promise<SendResult> {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  })
  try {
    const info = await transport.sendMail({
      envelope: { from: addressOf(message.sender), to: message.recipients },
      raw: message.raw,
    })
    const list = (v: unknown[] | undefined) =>
      (v ?? []).map((a) => (typeof a === 'string' ? a : (a as { address: string }).address))
    return { accepted: list(info.accepted), rejected: list(info.rejected), response: info.response }
  } finally {
    transport.close()
  }
}

/** 'Name <a@b>' → 'a@b' */
function addressOf(sender: string): string {
  return /<([^>]+)>/.exec(sender)?.[1] ?? sender.trim()
}
