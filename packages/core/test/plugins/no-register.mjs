export const notRegister = 1;
