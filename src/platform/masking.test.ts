import { describe, expect, it } from 'vitest';
import { maskAddress, maskEmail, maskIdNumber, maskName, maskPhone } from './masking.ts';

describe('masking', () => {
  it('keeps the first character of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('李小明')).toBe('李**');
    expect(maskName(' 王 ')).toBe('王*');
    expect(maskName('')).toBe('');
  });

  it('hides the middle of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('hides the local part of an e-mail address', () => {
    expect(maskEmail('alice@example.org')).toBe('a****@example.org');
  });

  it('shows three and four characters of an id number', () => {
    expect(maskIdNumber('310101199001011234')).toBe('310***********1234');
    expect(maskIdNumber('12345')).toBe('*****');
  });

  it('keeps the city and district of an address and hides the rest', () => {
    expect(maskAddress('上海市黄浦区南京东路100弄3号')).toBe('上海市黄浦区****');
    expect(maskAddress('黄浦区')).toBe('***');
  });
});
