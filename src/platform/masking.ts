/**
 * Masking of personal information for display (脱敏): keep just enough to recognise, never
 * enough to identify. Pure string functions, used wherever a name, phone or id number is shown
 * to someone without a purpose grant.
 */

/**
 * A name with all but its first character hidden: `张三` → `张*`, `李小明` → `李**`,
 * `Alice Wong` → `A*********`.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/**
 * A phone number with the middle hidden: `13812345678` → `138****5678`; short numbers keep
 * only their last two digits.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** An e-mail address with the local part hidden after its first character: `a****@example.org`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return maskName(email);
  return `${email[0]}****${email.slice(at)}`;
}

/**
 * An identity number with all but the first three and last four characters hidden:
 * `310101199001011234` → `310***********1234`.
 */
export function maskIdNumber(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/**
 * An address with all but its first six characters hidden — in a Chinese address the city and
 * district (`上海市黄浦区`), enough to know where without finding the door:
 * `上海市黄浦区南京东路100弄3号` → `上海市黄浦区****`.
 */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return `${chars.slice(0, 6).join('')}****`;
}
