import { likePattern } from './like-pattern';

describe('likePattern', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(likePattern('100%_达标\\')).toBe('%100\\%\\_达标\\\\%');
  });
});
