import { ipv6Bytes, isPublicAddress } from '../../src/outbound/addresses';

describe('which addresses a server-side request may reach', () => {
  it.each([
    '127.0.0.1', '127.1.2.3', '0.0.0.0', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
    '100.64.0.1', '100.127.255.255', '198.18.0.1', '198.19.255.255', '192.0.2.1', '203.0.113.5', '224.0.0.1', '255.255.255.255',
    '::', '::1', '[::1]', '::ffff:7f00:1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::127.0.0.1', 'fe80::1', 'fe80::1%eth0',
    'fc00::1', 'fd12:3456::1', 'ff02::1', '2001:db8::1', '2001::1', '64:ff9b::7f00:1', '2002:7f00:1::', '2002:c0a8:101::1',
    'not-an-address', '', '1.2.3', '1.2.3.256',
  ])('%s is closed', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '198.20.0.1', '2001:4860:4860::8888', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('reads every IPv6 notation into the same 16 bytes', () => {
    expect(ipv6Bytes('::ffff:127.0.0.1')).toEqual(ipv6Bytes('0:0:0:0:0:ffff:7f00:0001'));
    expect(ipv6Bytes('[::1]')).toEqual([...Array(15).fill(0), 1]);
    expect(ipv6Bytes('1::2::3')).toBeUndefined();
    expect(ipv6Bytes('1:2:3:4:5:6:7:8:9')).toBeUndefined();
  });
});
