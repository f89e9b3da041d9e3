/* Hostile: spins forever without any I/O. Only fuel can stop it. */
int main(void) {
  volatile unsigned long n = 0;
  for (;;) n++;
}
