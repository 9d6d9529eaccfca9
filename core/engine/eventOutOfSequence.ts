/** The log and the state have diverged: an event names what is not there, or arrives out of order. */
export class EventOutOfSequence extends Error {}
