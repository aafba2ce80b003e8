/** actors. */
package dev.arbor.actors;
