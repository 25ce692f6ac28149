// A plugin module with no imports: it registers under the well-known token directly.
const op = {
  id: 'tiny_op',
  description: 'a fixture op',
  appliesTo: () => ({ ok: true }),
  build() {
    throw new Error('not built in these tests');
  },
};
export function register(container) {
  container.register(Symbol.for('reparam.RepOp'), { useValue: op });
}
