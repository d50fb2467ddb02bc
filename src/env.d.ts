declare namespace App {
  interface Locals {
    /** Set once a page has its lab stylesheet, so a page with three labs carries it once. */
    labStyleEmitted?: boolean;
  }
}
