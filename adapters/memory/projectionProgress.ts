import type { ProjectionProgress } from '../../application/ports/projectionProgress';

/** Consumer progress in memory, moved only from the value the mover read. */
export class MemoryProjectionProgress implements ProjectionProgress {
  private readonly progress = new Map<string, number>();

  async get(consumer: string, stream: string): Promise<number> {
    return this.progress.get(`${consumer}/${stream}`) ?? 0;
  }

  async advance(consumer: string, stream: string, from: number, to: number): Promise<boolean> {
    if ((this.progress.get(`${consumer}/${stream}`) ?? 0) !== from) return false;
    this.progress.set(`${consumer}/${stream}`, to);
    return true;
  }
}
