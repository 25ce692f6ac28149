import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';

export type { DependencyContainer } from 'tsyringe';

/**
 * A fresh container for one program or test: a child of tsyringe's root, so registrations made in
 * one never leak into another.
 */
export function createContainer(): DependencyContainer {
  return rootContainer.createChildContainer();
}
