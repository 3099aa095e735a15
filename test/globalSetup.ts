/** Says once, visibly, whether the MongoDB suite runs, and how to run it when it does not. */
export default function setup(): void {
  if (process.env.MONGODB_URI) {
    console.log(`MongoDB suite: running against ${process.env.MONGODB_URI.replace(/\/\/[^@]*@/, '//***@')}`);
  } else {
    console.log('MongoDB suite: SKIPPED (no MONGODB_URI). Run it with: MONGODB_URI=mongodb://127.0.0.1:27017/credithub_test npm test');
  }
}
