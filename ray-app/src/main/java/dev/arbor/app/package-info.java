/** app. */
package dev.arbor.app;
