export function register( {
