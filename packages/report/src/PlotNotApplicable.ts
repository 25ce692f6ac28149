/**
 * Thrown by a plot that has nothing to show for this kind of run (a train run has no search
 * progress): the plot is skipped with the message, which is not an error.
 */
export class PlotNotApplicable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlotNotApplicable';
  }
}
