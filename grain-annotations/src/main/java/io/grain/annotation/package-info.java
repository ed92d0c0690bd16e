/**
 * The annotations a user puts on grain interfaces. The Grain processor reads them at compile time
 * and the runtime reads the metadata the processor wrote; nothing here is read reflectively on a
 * call path.
 */
package io.grain.annotation;
