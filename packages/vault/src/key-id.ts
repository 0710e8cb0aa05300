// Key ids travel inside sealed records and env specs, so they exclude both separators ('.' and ':', ',').
export const keyIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function isKeyId(value: string): boolean {
  return keyIdPattern.test(value);
}
