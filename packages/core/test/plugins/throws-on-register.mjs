export function register() {
  throw new Error('boom');
}
